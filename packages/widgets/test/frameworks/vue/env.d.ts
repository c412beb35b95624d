// As in a vendor's Vue project: the Samspil tags' types for templates, made from custom-elements.json.
import type {} from '@samspil/widgets/vue';

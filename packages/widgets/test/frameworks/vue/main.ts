// Registers the widgets before Vue renders them (Vue sets a prop as a property only when the
// element already has it), then mounts the example.
import '@samspil/widgets';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#root');

// The citizen's plan loads itself from the fake API (its `src`); the test waits for it.
await customElements.whenDefined('samspil-citizen-plan');
window.ready = true;

// Stylesheets are Vite's business; under jest an import of one is this empty module.
export {};

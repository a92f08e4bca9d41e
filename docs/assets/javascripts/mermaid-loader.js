// Mermaid from this site, and only on pages that have a diagram.
//
// Material for MkDocs renders ```mermaid fences with the global `mermaid` when one is defined,
// and otherwise fetches mermaid.js from a CDN (unpkg). This file is that global: Material calls
// initialize() once and then render() for each diagram; the first render() loads the real
// mermaid.min.js from beside this file (`make install` takes it from the npm registry), so pages
// without diagrams never load its 3.5 MB.
(() => {
  const src = new URL("mermaid.min.js", document.currentScript.src).href;
  let options = {};
  let loaded;
  const load = () =>
    (loaded ||= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => {
        globalThis.mermaid.initialize(options); // the real one, defined by the script
        resolve(globalThis.mermaid);
      };
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    }));
  globalThis.mermaid = {
    initialize(config) {
      options = config;
    },
    render: (...args) => load().then((mermaid) => mermaid.render(...args)),
  };
})();

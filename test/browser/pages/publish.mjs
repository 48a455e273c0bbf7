// Puts a page's results where Playwright reads them: window.__results, or window.__failure if the
// run itself threw (a failed check is a result, not a failure).
export async function publish(compute) {
  try {
    window.__results = { ...(await compute()), userAgent: navigator.userAgent, wasmResources: wasmResources() };
  } catch (e) {
    window.__failure = String((e && e.stack) || e);
  }
}

/** Any .wasm fetched by the page (the bundle inlines its module: there must be none). */
export function wasmResources() {
  return performance.getEntriesByType('resource').map((r) => r.name).filter((u) => /\.wasm(\?|$)/.test(u));
}

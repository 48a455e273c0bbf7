// The browser entry of bench:peers: bench/peers/chromium.mjs bundles it (with tf.js, onnxruntime-web
// and tinybench; our build stays a separate module, imported as a page would) and calls
// window.runPeers(options) in the page. Text and progress go back to Node through the functions
// chromium.mjs exposes to the page.
import { runtimeName } from '../runtimes/measure.mjs';
import { pageEnv } from './env-page.mjs';
import { runPeers } from './run.mjs';

window.runPeers = async (options) => {
  const env = pageEnv();
  // The full version (156.0.8078.129); the user agent string says only 156.0.0.0.
  const brands = await navigator.userAgentData?.getHighEntropyValues(['fullVersionList']).catch(() => undefined);
  const full = brands?.fullVersionList?.find((b) => /Chrom/.test(b.brand))?.version;
  const info = { runtime: full ? runtimeName().replace(/^Chromium \d+/, `Chromium ${full}`) : runtimeName(), userAgent: navigator.userAgent, ...env.info };
  await window.peersStarted(info);
  const run = await runPeers(env, options, { log: (line) => window.peersLog(line), progress: (p) => window.peersProgress(p) });
  return { info, run };
};
window.ready = true;

// `npm run bench`: the headline comparison (bench/headline.mjs, about a minute); with --full, every
// function, size, element type and backend (bench/run.mjs, several minutes). Either writes its
// results to bench/out/ (git-ignored), or with --save to bench/results/.
//
//   npm run bench                  build, then the headline table
//   npm run bench -- --full        build, then the full table
//   npm run bench -- --save        ... and update bench/results/ (committed)
//   npm run bench -- --threads     build, then the worker pool against one thread (bench/threads.mjs)

if (process.argv.includes('--threads')) await import('./threads.mjs');
else if (process.argv.includes('--full')) await import('./run.mjs');
else await import('./headline.mjs');

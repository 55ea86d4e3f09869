// Prints vitest's totals as one plain closing line ("Tests: N passed, N failed, N skipped") from the
// JSON report that `npm test` writes, so a CI reader that does not know vitest's format can count them.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.tmp/vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log(`Tests: no report at ${file} (${err.code ?? err.message}); the test run did not finish`);
  process.exit(0);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);

// Worker-thread entry: workers do not inherit tsx's loader hooks, so register them before loading
// the TypeScript worker (seed/roads/contract-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./contract-worker.ts');

// Worker-thread entry: workers do not inherit tsx's loader hooks, so register them before loading
// the TypeScript worker (server/services/partition-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./partition-worker.ts');

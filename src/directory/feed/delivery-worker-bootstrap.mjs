// Entry of a delivery-reading worker thread: workers do not inherit the parent's TypeScript
// loader, so register it here, then run the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./delivery-worker.ts');

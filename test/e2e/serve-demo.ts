// Serves the demo with the built UI for looking at it by hand: `npx tsx test/e2e/serve-demo.ts`.
import { startDemoServer } from './demo-server.js';

const server = await startDemoServer();
console.log(`rootline demo UI at ${server.url}/`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));

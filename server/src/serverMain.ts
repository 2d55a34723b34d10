// Entry of dist/server.js, the bundle the VS Code client starts over IPC (--node-ipc).
import { startServer } from './server';

startServer();

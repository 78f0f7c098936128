export { createApp, type AppDependencies } from './create-app.js';

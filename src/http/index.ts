export { buildApp, buildMtlsApp, DEFAULT_BODY_LIMIT, type AppDeps } from './app.js';
export { buildContractApp } from './contract-app.js';
export { hstsHeaderValue } from './hsts.js';
export { assertPortFree, listenAll, type Listening, type ListenRequest } from './listen.js';
export { DEFAULT_LISTENER_LIMITS, type ListenerLimits } from './listener-guard.js';
export { createLogger, redactLogObject, type Logger } from './logger.js';
export { SESSION_COOKIE } from './auth.js';
export { HTTP_ERRORS, type HttpErrorCode } from './error-codes.js';

export * from './errors.js';
export * from './clock.js';
export * from './json-path.js';
export * from './time-window.js';
export * from './calendar-date.js';
export * from './window-counter.js';
export * from './error-codes.js';
export * from './write-coalescer.js';

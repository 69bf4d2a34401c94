export * from './engine-api.js';
export * from './engine.js';
export * from './preview.js';
export * from './burnout.js';
export * from './validate.js';
export * from './default-rule-set.js';
export * from './milli.js';
export * from './periods.js';
export * from './time-zone.js';
export * from './conditions.js';

export * from './stats.js';
export * from './score.js';
export * from './rule-set.js';
export * from './cap-bucket.js';
export * from './keyed-map.js';
export * from './fair-boards.js';
export * from './period-close.js';

// planner: public face. The restore plan (a pure function) for now; the service adds its API here.
export * from './plan/index.ts';

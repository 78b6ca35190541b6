// conformance: public face (filled in by its issue)
export {};

#!/usr/bin/env node
console.log('restorelab');

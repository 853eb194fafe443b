#!/usr/bin/env node
// Entry point of the published CLI: runs the compiled code (npm run build writes dist/).
import { runCli } from '../dist/cli/main.js';

await runCli(process.argv);

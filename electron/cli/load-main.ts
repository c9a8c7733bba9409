// Temporary entry for `load` until it joins the grpc-workbench CLI's dispatcher: tsx electron/cli/load-main.ts <file> ...
import { runLoadCommand } from './load-command';

void runLoadCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`grpc-workbench load failed unexpectedly: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);

/** The tail of a scenario child process: runs the scenario named on the command line and exits. */
export function runScenario(scenario: string, run: Record<string, () => Promise<void>>): void {
  const fn = run[scenario];
  if (!fn) {
    process.stderr.write(`unknown scenario ${scenario}\n`);
    process.exit(2);
  }
  fn().then(() => process.exit(0), (err) => {
    process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
    process.exit(1);
  });
}

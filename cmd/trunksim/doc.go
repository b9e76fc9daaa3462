// Command trunksim simulates growing an infrastructure organization under
// Will Larson's Trunk and Branches model, many times with seeded
// randomness, and writes summaries, tidy CSV, charts and a leadership
// deck.
//
// # Commands
//
//	trunksim run [flags] [SCENARIO]
//	    Run a scenario many times; write summary.json, timeseries.csv,
//	    events.csv, runs.csv and charts (with -report, the deck too) into
//	    -out (default out/run), and print a summary table.
//	trunksim compare [flags] [SCENARIO]
//	    Run two or more variants on common random numbers: replication i
//	    of every variant has the same seed. Write comparison.json,
//	    comparison.csv, runs.csv and overlay charts (default out/compare),
//	    and rank the variants (-rank OUTCOME).
//	trunksim sweep [flags] -vary key=from..to[:step] [-vary ...] [SCENARIO]
//	    Vary one or two keys over a grid; write sweep.csv and a chart or
//	    heatmap per outcome (default out/sweep).
//	trunksim sensitivity [flags] [SCENARIO]
//	    Move each numeric input (or each of -params) down and up by -pct
//	    percent, one at a time; write sensitivity.csv and a tornado chart
//	    of the swing in -metric (default out/sensitivity).
//	trunksim robustness [flags] [SCENARIO]
//	    Run the headline comparison (or the -policy variants) at the low
//	    and high end of every assumption (or of -assumptions a,b); write
//	    robustness.csv and a chart of the verdict's lead (default
//	    out/robustness, 40 runs), and name the assumptions that flip it;
//	    warn of those the scenario never set.
//	trunksim merge [-out DIR] PARTS...
//	    Combine the shard files of a study whose command ran with
//	    -shard K/N into the outputs it would have written unsharded,
//	    byte for byte (default: the command's own -out).
//	trunksim calibrate [flags] SCENARIO
//	    Fit the inputs nobody measures so that the simulated first
//	    quarter reproduces the scenario's [observed] figures (with
//	    -history FILE: its past weeks too); print the fit table to
//	    stderr and the scenario, each derived value commented, to stdout.
//	    Observations that cannot all be met are named, and exit 1.
//	trunksim report [flags] [SCENARIO]
//	    Write the leadership deck: deck.pdf, slides/NN-name.png and
//	    report.html (default out/report), with results.json, what it was
//	    built from, and runs.csv.
//	trunksim report -from DIR [-out DIR]
//	    Rebuild the deck of a folder that report, run -report or compare
//	    -report wrote, from its results.json: the same bytes, nothing run.
//	trunksim validate [-set key=value] SCENARIO...
//	    Check scenario files without running them.
//	trunksim scenarios
//	    List the built-in scenarios.
//	trunksim show NAME
//	    Print a built-in scenario's TOML, to copy and edit.
//	trunksim version
//	    Print trunksim's version and the Go version it was built with
//	    (also trunksim -version).
//
// SCENARIO is a built-in name (uber-hypergrowth when none is given) or a
// .toml file; scenarios/SCHEMA.md lists every key.
//
// # Flags every simulating command shares
//
//	-runs N          seeded runs, per variant or grid point (default 200)
//	-seed S          run i uses (S, i) (default 1)
//	-weeks W         weeks to simulate (default: the scenario's)
//	-set key=value   override a scenario key (repeatable)
//	-j N             parallel workers (default: all cores); results do
//	                 not depend on it
//	-policy NAME[:key=value,...]
//	                 an org policy and keys set with it, such as
//	                 trunk-and-branches:policy.threshold=6; run, sweep and
//	                 sensitivity take one, compare and report one per
//	                 variant (repeatable)
//	-out DIR         the output directory
//	-format F        charts as png, svg or both
//	-shard K/N       run, compare, sweep, sensitivity and robustness: run
//	                 only shard K (0 to N-1) of every ensemble's runs and
//	                 write it to the shard file -out names, for merge
//	-time U          run, compare and report: the charts' time axis in
//	                 weeks, quarters or years (default: years for a
//	                 horizon over two years, else quarters)
//
// Run "trunksim help" or "trunksim COMMAND -h" for every flag and
// examples.
//
// # Output directories
//
// A command's outputs are one set: they are written into a staging
// directory beside -out, listed in -out/MANIFEST (sha256, size and name of
// each file), and swapped in whole, so -out holds exactly the last
// command's outputs and never a mix of two. -out is checked before anything
// is simulated; a directory holding files that no trunksim MANIFEST lists
// is refused, not emptied. Ctrl-C or SIGTERM stops a command and writes
// nothing; what a killed run leaves beside -out is removed by the next run.
// CSV cells that a spreadsheet would run as formulas get a leading quote.
//
// Every CSV file starts with its header, with no comment lines, so any
// CSV reader reads it as it is. Beside them, datapackage.json (a
// Frictionless Data Package) lists each CSV with its columns' types,
// meanings and units, and holds the provenance and warnings.
//
// The same scenario, overrides and seed give the same bytes, whatever -j.
//
// # Exit status
//
// 0 on success, 1 on a failure or an interruption, 2 on a mistake in the
// command line or the scenario.
package main

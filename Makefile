# trunksim: the two commands the README opens with are `make demo` and
# `make test`; CI runs `make test` through .ci/run.

GO ?= go
OUT ?= out/demo

.PHONY: demo test vet fmt build bench fuzz schema

## demo: run the main job on the default built-in scenario and write its charts
demo:
	$(GO) run ./cmd/trunksim run -out $(OUT) uber-hypergrowth

## test: formatting, vet, every test including the eleven claims, and a
## brief run of each fuzz target (FUZZBRIEF each). The brief run counts
## executions rather than seconds: with a duration, Go 1.26's fuzz
## coordinator can report "context deadline exceeded" at the deadline on a
## loaded machine with no failing input (golang/go#75804, fixed in 1.27).
FUZZBRIEF ?= 5000x
test: vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZBRIEF)

vet:
	$(GO) vet ./...

build:
	$(GO) build -o trunksim ./cmd/trunksim

## bench: the engine's speed and memory, with the load average beside
## every figure (the machine may be shared: cpu-ms/run is the CPU a run
## took, ns/op and runs/s its wall time). From ./sim: a run of each policy;
## runs/s and cpu-ms/run outcomes-only and full with -j 1 and -j 2; the
## speed-up of -j 2 over -j 1 (x-speedup-j2); the cost of a 20,000 over a
## 2,000-engineer company (x-cost-20k); the peak memory of 100,000 and
## 1,000,000 outcomes-only runs. From ./cmd/trunksim, each in its own
## process: the fixed cost of `run -runs 1`, a report of three policies,
## 100,000 full runs and a 9 x 9 sweep. The output is benchstat's format,
## to compare between commits; it takes some minutes (20 on 2 cores).
bench:
	@echo "load average: $$(cat /proc/loadavg)"
	$(GO) test -run '^$$' -bench 'Run$$|Replicate|Scaling|OrgSize' -benchtime 2s -benchmem -count 1 ./sim
	@echo "load average: $$(cat /proc/loadavg)"
	$(GO) test -run '^$$' -bench 'Memory' -count 1 -timeout 60m ./sim
	$(GO) test -run '^$$' -bench 'RunOne|Report3|Run100k|Sweep9x9' -benchtime 1x -count 1 -timeout 60m ./cmd/trunksim
	@echo "load average: $$(cat /proc/loadavg)"

## fuzz: each fuzz target for FUZZTIME (default 1m); seed corpora are
## under testdata/fuzz
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzSet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzPositions$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzHistory$$' -fuzztime $(FUZZTIME)
	$(GO) test ./sim -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME)
	$(GO) test ./sim -run '^$$' -fuzz '^FuzzPart$$' -fuzztime $(FUZZTIME)

## schema: regenerate scenarios/SCHEMA.md, sim/MODEL.md and golden files
## after an intended change
schema:
	$(GO) test ./scenarios ./output -update
	$(GO) test ./sim -run '^TestModelDoc$$' -update

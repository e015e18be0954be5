# Shortcuts for the commands README.md documents; each one is a tools/ script.
.PHONY: bench

# The speed and size figures: criterion, the Node benchmarks, the browser benchmark, then the peer table.
bench:
	bash tools/bench.sh

# The two README commands, and a few more for development.
.PHONY: serve test build bench lab clean

serve: ## build the wasm and serve the lab on http://127.0.0.1:$${PORT:-8000}/
	scripts/serve.sh

test: ## every test: native, browser (wasm-pack), end-to-end (Playwright)
	scripts/test.sh

build: ## build dist/ only
	scripts/build.sh

bench: ## ms per training step per model, native beside wasm in headless Chromium
	scripts/bench.sh

lab: ## the headless lab CLI's help
	cargo run --release --bin mtl-lab -- --help

clean:
	rm -rf target pkg dist tests/e2e/node_modules tests/e2e/screenshots

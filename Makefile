# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test install lint format clean

run:  ## install, migrate, seed and start every service until Ctrl-C
	@bash scripts/run.sh

test:  ## lint and every package's tests (unit pass + real PostgreSQL/RabbitMQ/Redis pass)
	@bash scripts/test.sh

install:
	@bash scripts/install.sh

lint: install
	@.venv/bin/ruff check .

format: install
	@.venv/bin/ruff format . && .venv/bin/ruff check --fix .

clean:  ## forget local state (databases, broker folder, keys); keeps .venv
	rm -rf var

"""What the tests share that is not a fixture: starting SPARQL servers (:mod:`.servers`), driving
Chromium (:mod:`.browser`), a proxy that injects faults (:mod:`.fault_proxy`), copies of the project
(:mod:`.project_copies`) and the terminology releases the mappings are checked against
(:mod:`.mapping_sources`). Fixtures are in ``tests/conftest.py``."""

"""``vkg assess`` and ``vkg synth``: case records from Turtle, JSON-LD or FHIR (:mod:`.fhir_files`,
:mod:`.fhir`), codes resolved through the mappings (:mod:`.codes`), fracture ages
(:mod:`.fracture_ages`), the batched store (:mod:`.store`), problems (:mod:`.problems`), the
assessment (:mod:`.assess`, on a server :mod:`.remote`; the plain baseline :mod:`.reference`), its
outputs (:mod:`.output`) and synthetic registries (:mod:`.synthetic`, :mod:`.synthetic_output`).

The formats are named here, so that the command line offers them without importing the modules.
"""

ASSESSMENT_FORMATS = ("table", "tsv", "json", "ttl")
"""What ``vkg assess`` writes (:mod:`.output`)."""
REGISTRY_FORMATS = ("ttl", "fhir")
"""What ``vkg synth`` writes (:mod:`.synthetic_output`)."""

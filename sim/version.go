package sim

// EngineVersion numbers the engine's results: the same scenario and seed give the same numbers
// under the same EngineVersion. Raise it with any change that alters a run's results (the
// golden files in testdata/golden change with it), so that an archived summary.json says
// which engine made it.
// Version 2: the teams of a run share one market (numbers synchronised by entity, stays drawn at
// stage entry).
const EngineVersion = 2

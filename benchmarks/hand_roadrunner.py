"""What a modeller would script by hand: libroadrunner on the exported SBML, the protocol's groups.

    python benchmarks/hand_roadrunner.py MODEL.xml GROUPS.json

``GROUPS.json``: ``{"rtol": .., "atol": .., "times": [...], "groups": {name: [[time, species, nM], ...]}}``
(doses already in nM, as a modeller would convert them once). Prints the species at the readout
times of every group. Imports nothing but libroadrunner, NumPy and the standard library.
"""

import json
import sys

import roadrunner


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: python benchmarks/hand_roadrunner.py MODEL.xml GROUPS.json "
              "(benchmarks/cli.py writes both and calls this script)", file=sys.stderr)
        return 2
    sbml_path, groups_path = sys.argv[1], sys.argv[2]
    with open(groups_path) as fh:
        cfg = json.load(fh)
    rr = roadrunner.RoadRunner(sbml_path)
    rr.integrator.relative_tolerance = cfg["rtol"]
    rr.integrator.absolute_tolerance = cfg["atol"]
    species = list(rr.model.getFloatingSpeciesIds())
    rr.timeCourseSelections = ["time"] + [f"[{s}]" for s in species]
    times = [float(t) for t in cfg["times"]]
    for name, events in cfg["groups"].items():
        rr.resetAll()  # back to the resting state (initial assignments)
        steps = sorted({float(t) for t, _, _ in events})
        t = min(steps + [times[0]]) if steps else times[0]
        rows = []
        for step in steps + [None]:
            end = step if step is not None else times[-1]
            grid = [t] + [x for x in times if t < x < end] + ([end] if end > t else [])
            if step is None and times[-1] not in grid:
                grid.append(times[-1])
            if len(grid) > 1:
                res = rr.simulate(times=grid)
                rows += [r for r in res if r[0] in times]
            elif t in times:
                rows.append([t] + [rr[f"[{s}]"] for s in species])
            if step is not None:
                for _, sp, dose in (e for e in events if float(e[0]) == step):
                    rr[f"[{sp}]"] = rr[f"[{sp}]"] + dose
                t = step
        print(name, len(rows), "readouts;", " ".join(f"{r[0]:g}" for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

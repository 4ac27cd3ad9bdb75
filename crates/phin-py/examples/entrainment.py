"""An entrainment curve, the classic exercise of a forced Hopf oscillator: a sine on the
processor's sensory input, swept in frequency around sensory L4's 31.73 Hz at four amplitudes
(0: no drive), and how strongly L4's phase locks to it (the phase-locking value over the last
8 of 10 simulated seconds). The tongue is centred on L4's free-running frequency, measured from
an undriven row (32.0 Hz, above the nominal 31.73 Hz). Without a drive the PLV against a
reference sine is the chance level (about 0.01), except where the reference matches L4's own
frequency. One processor per grid point, on every core.

    python crates/phin-py/examples/entrainment.py [OUT.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")  # write the file, open no window
out = sys.argv[1] if len(sys.argv) > 1 else "entrainment.png"

# --- the exercise: ten lines ---------------------------------------------------------------
import matplotlib.pyplot as plt, numpy as np, pandas as pd, phin

grid = pd.MultiIndex.from_product([np.arange(28, 36.01, 0.25), [0, 0.25, 0.5, 1]], names=["drive_hz", "drive_amplitude"]).to_frame(index=False)
ds = phin.Ensemble(grid).run(10, record=["sensory.l4"], every=4).sel(time=slice(2, None))
lag = ds.phase.sel(oscillator="sensory.l4") - 2 * np.pi * ds.drive_hz * ds.time  # L4's phase against the drive's
grid["plv"] = abs(np.exp(1j * lag).mean("time"))
f0 = np.polyfit(ds.time, np.unwrap(ds.phase.sel(oscillator="sensory.l4")[0]), 1)[0] / (2 * np.pi)  # row 0: no drive
grid.pivot(index="drive_hz", columns="drive_amplitude", values="plv").plot(marker=".", xlabel="drive frequency (Hz)", ylabel="phase locking to the drive (PLV)")
plt.axvline(f0, color="gray", ls="--", label=f"L4 free-running, {f0:.2f} Hz"); plt.legend(title="drive amplitude (0: none)", loc="upper left", bbox_to_anchor=(1.01, 1))
plt.title("Entrainment of sensory L4 by a sine on the sensory input"); plt.savefig(out, dpi=120, bbox_inches="tight")
# ---------------------------------------------------------------------------------------------

print(f"wrote {out}")

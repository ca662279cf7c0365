#!/usr/bin/python3
"""Cross-check of CITSim's RF electro-thermal solver against DOLFINx.

Solves the two problems of thermal_crosscheck.cpp with an independent
finite-element code (FEniCSx/DOLFINx 0.5.2, Debian's python3-dolfinx): P2
Lagrange on an (r, z) triangle mesh graded towards the needle's edges,
axisymmetric weak forms weighted by r, backward Euler in time with the same
step as CITSim. Runs the C++ driver (argv[1]), prints both codes' values and
their relative differences, and exits 1 if any exceeds its tolerance.

  /usr/bin/python3 rf_dolfinx_crosscheck.py build/tests/thermal_crosscheck

The needle is the region r < 100 um, z < 1500 um, as CITSim's cells are:
electrically a hole (no conductivity inside; the shaft's surface insulated,
the bare tip's surface held at the voltage), thermally tissue without
perfusion (CITSim gives the needle's cells the layer's thermal properties).
"""
import json
import logging
import math
import subprocess
import sys
import time

try:
    import numpy as np
    import ufl
    from dolfinx import fem, geometry, mesh
    from dolfinx.fem import petsc as fem_petsc
    from mpi4py import MPI
    from petsc4py import PETSc
except ImportError as error:
    print(f"crosscheck: DOLFINx is not importable ({error}); scripts/setup installs python3-dolfinx")
    sys.exit(1)

logging.disable(logging.INFO)  # the JIT compiler's build log

UM = 1e-6
NEEDLE_R, NEEDLE_L, INSULATED = 100.0, 1500.0, 1000.0  # um
DOMAIN_R, DOMAIN_D = 1000.0, 3000.0  # um
UNIFORM_SIGMA = 0.221  # S/m, problem a
POWER_W, PULSE_S, COOLING_S, STEPS = 0.4, 0.1, 0.1, 100
BODY_C = 37.0
# Tolerances, chosen from the observed convergence (docs/rf.md). The needle's
# cells conduct like metal, so its surface lies on their faces; the heat is
# singular at the end of the insulation, where the differences are largest.
# At CITSim's 10 um cells the values lie within these of the converged
# DOLFINx ones, and those extrapolated from 10 and 5 um (2 x 5 um - 10 um)
# closer still.
TOL_CURRENT_10 = 0.015  # relative
TOL_CURRENT_EXTRAPOLATED = 0.01
TOL_POWER_10 = 0.015  # the sum of CITSim's cell heat against the FE's V I
TOL_POWER_EXTRAPOLATED = 0.01
TOL_HEAT_LINE_10 = 0.06  # heat per watt; the worst 150 um from the insulation's end
TOL_HEAT_LINE_EXTRAPOLATED = 0.015
TOL_PEAK_10 = 0.04  # relative to the DOLFINx rise above 37 C
TOL_PEAK_AT_CELL = 0.04
TOL_TEMPERATURE_LINE_10_K = 1.5  # about 2.5 % of the 61 K peak rise
TOL_COAGULATION_UM = {"top": 10.0, "depth": 10.0, "width": 10.0}  # width: a diameter
TOL_COAGULATION_BY_CELLS_UM = {"top": 20.0, "depth": 10.0, "width": 20.0}
ARRHENIUS_A, ARRHENIUS_EA, GAS_R = 3.1e98, 6.28e5, 8.314462618
BLOOD = 1050.0 * 3617.0
# (bottom um, sigma S/m, k W/m/K, rho c J/m^3/K, w W/m^3/K): data/thermal/tissues.toml
LAYERS = [
    (100.0, 0.0132, 0.21, 1150.0 * 3600.0, 0.0),
    (1600.0, 0.221, 0.37, 1116.0 * 3391.0, 1.96e-3 * BLOOD),
    (math.inf, 0.0251, 0.21, 971.0 * 2303.0, 5.0e-4 * BLOOD),
]


def graded_nodes(breaks, focus, h_min, grade, h_max):
    """1D nodes through every break, spaced h_min at the focus points and
    growing by `grade` per unit distance up to h_max."""
    def size(x):
        return min(h_max, min(h_min + grade * abs(x - f) for f in focus))
    nodes = [breaks[0]]
    for a, b in zip(breaks[:-1], breaks[1:]):
        xs, x = [a], a
        while x < b:
            x += size(x)
            xs.append(x)
        xs = np.array(xs)
        # Squeeze the segment's nodes onto [a, b] (the last step overshoots).
        xs = a + (xs - a) * (b - a) / (xs[-1] - a) if len(xs) > 2 else np.array([a, b])
        nodes.extend(xs[1:])
    return np.array(nodes)


def build_mesh(h_min):
    """A triangle mesh (m) of the (r, z) rectangle, tensor-product graded
    towards the needle's surface, the insulation's end and the tip; also
    its 1D node lines (um)."""
    r = graded_nodes([0.0, NEEDLE_R, DOMAIN_R], [NEEDLE_R], h_min, 0.12, 40.0)
    z = graded_nodes([0.0, 100.0, INSULATED, NEEDLE_L, 1600.0, DOMAIN_D],
                     [100.0, INSULATED, NEEDLE_L, 1600.0], h_min, 0.12, 40.0)
    rr, zz = np.meshgrid(r, z, indexing="xy")
    x = np.column_stack([rr.ravel(), zz.ravel()]) * UM
    nr = len(r)
    cells = []
    for k in range(len(z) - 1):
        for i in range(nr - 1):
            a, b, c, d = k * nr + i, k * nr + i + 1, (k + 1) * nr + i, (k + 1) * nr + i + 1
            cells += [[a, b, d], [a, d, c]]
    domain = ufl.Mesh(ufl.VectorElement("Lagrange", ufl.triangle, 1))
    msh = mesh.create_mesh(MPI.COMM_WORLD, np.array(cells, dtype=np.int64), x, domain)
    return msh, r, z


def in_needle(x, tol=1e-3 * UM):
    return (x[0] < NEEDLE_R * UM - tol) & (x[1] < NEEDLE_L * UM - tol)


def layer_value(x, column, needle=None):
    """A layer property per point (DG0 interpolation: the cell midpoints);
    `needle` replaces it inside the needle."""
    out = np.full(x.shape[1], LAYERS[-1][column])
    for bottom, *values in reversed(LAYERS):
        out[x[1] < bottom * UM] = values[column - 1]
    if needle is not None:
        out[in_needle(x)] = needle
    return out


def lu_solver(a_matrix):
    ksp = PETSc.KSP().create(MPI.COMM_WORLD)
    ksp.setOperators(a_matrix)
    ksp.setType("preonly")
    ksp.getPC().setType("lu")
    return ksp


class Model:
    """One mesh and its P2 space, with the electric and thermal problems."""

    def __init__(self, h_min):
        self.msh, self.r_nodes, self.z_nodes = build_mesh(h_min)
        self.V = fem.FunctionSpace(self.msh, ("Lagrange", 2))
        self.D0 = fem.FunctionSpace(self.msh, ("DG", 0))
        self.r = ufl.SpatialCoordinate(self.msh)[0]
        self.dofs_x = self.V.tabulate_dof_coordinates()[:, :2].T
        self.tissue = ~in_needle(self.dofs_x)
        self.tree = geometry.BoundingBoxTree(self.msh, self.msh.topology.dim)

    def cellwise(self, column, needle=None):
        f = fem.Function(self.D0)
        f.interpolate(lambda x: layer_value(x, column, needle))
        return f

    def potential(self, sigma):
        """The potential at 1 V on the bare tip, the current and the Joule
        power (2 pi r weighted)."""
        V, tol = self.V, 1e-3 * UM
        electrode = fem.locate_dofs_geometrical(
            V, lambda x: (x[0] < NEEDLE_R * UM + tol) & (x[1] > INSULATED * UM - tol)
            & (x[1] < NEEDLE_L * UM + tol))
        shaft_inside = fem.locate_dofs_geometrical(
            V, lambda x: (x[0] < NEEDLE_R * UM - tol) & (x[1] < INSULATED * UM - tol))
        ground = fem.locate_dofs_geometrical(
            V, lambda x: np.isclose(x[0], DOMAIN_R * UM) | np.isclose(x[1], DOMAIN_D * UM))
        bcs = [fem.dirichletbc(PETSc.ScalarType(1.0), electrode, V),
               fem.dirichletbc(PETSc.ScalarType(0.0), shaft_inside, V),
               fem.dirichletbc(PETSc.ScalarType(0.0), ground, V)]
        u, v = ufl.TrialFunction(V), ufl.TestFunction(V)
        a = sigma * ufl.inner(ufl.grad(u), ufl.grad(v)) * self.r * ufl.dx
        zero = fem.Constant(self.msh, PETSc.ScalarType(0.0))
        problem = fem_petsc.LinearProblem(a, zero * v * self.r * ufl.dx, bcs=bcs,
                                          petsc_options={"ksp_type": "preonly", "pc_type": "lu"})
        phi = problem.solve()
        # The current: the weak-form flux into the electrode (psi = 1 on its dofs).
        psi = fem.Function(V)
        psi.x.array[electrode] = 1.0
        grad_phi = ufl.grad(phi)
        current = 2 * math.pi * fem.assemble_scalar(
            fem.form(sigma * ufl.inner(grad_phi, ufl.grad(psi)) * self.r * ufl.dx))
        power = 2 * math.pi * fem.assemble_scalar(
            fem.form(sigma * ufl.inner(grad_phi, grad_phi) * self.r * ufl.dx))
        return phi, current, power

    def evaluate(self, f, points_um):
        pts = np.array([[r * UM, z * UM, 0.0] for r, z in points_um])
        candidates = geometry.compute_collisions(self.tree, pts)
        colliding = geometry.compute_colliding_cells(self.msh, candidates, pts)
        # A point on a shared edge may miss the exact test: any bounding-box
        # candidate holds it then.
        cells = [(colliding.links(i) if len(colliding.links(i)) else candidates.links(i))[0]
                 for i in range(len(pts))]
        return f.eval(pts, cells).reshape(len(pts), -1)[:, 0]

    def joule_heat_function(self, sigma, phi, volts2=1.0):
        W = fem.FunctionSpace(self.msh, ("DG", 2))
        q = fem.Function(W)
        q.interpolate(fem.Expression(volts2 * sigma * ufl.inner(ufl.grad(phi), ufl.grad(phi)),
                                     W.element.interpolation_points()))
        return q

    def pulse(self):
        """Constant power for the pulse, then cooling; returns the end of
        pulse temperature, the peak over tissue and the damage per dof."""
        sigma = self.cellwise(1, needle=0.0)
        phi, current, _ = self.potential(sigma)
        volts2 = POWER_W / current
        k, rho_c, w = self.cellwise(2), self.cellwise(3), self.cellwise(4, needle=0.0)
        V = self.V
        ground = fem.locate_dofs_geometrical(
            V, lambda x: np.isclose(x[0], DOMAIN_R * UM) | np.isclose(x[1], DOMAIN_D * UM))
        bc = fem.dirichletbc(PETSc.ScalarType(0.0), ground, V)  # theta = T - body
        dt = PULSE_S / STEPS
        u, v, r = ufl.TrialFunction(V), ufl.TestFunction(V), self.r
        a = (rho_c / dt * u * v + k * ufl.inner(ufl.grad(u), ufl.grad(v)) + w * u * v) * r * ufl.dx
        A = fem_petsc.assemble_matrix(fem.form(a), bcs=[bc])
        A.assemble()
        M = fem_petsc.assemble_matrix(fem.form(rho_c / dt * u * v * r * ufl.dx))
        M.assemble()
        source = fem_petsc.assemble_vector(fem.form(
            volts2 * sigma * ufl.inner(ufl.grad(phi), ufl.grad(phi)) * v * r * ufl.dx))
        ksp = lu_solver(A)
        theta = fem.Function(V)
        rhs = A.createVecRight()
        omega = np.zeros(len(theta.x.array))
        peak_field, end_of_pulse = np.full(len(omega), BODY_C), None

        def rate(t_c):
            return ARRHENIUS_A * np.exp(-ARRHENIUS_EA / (GAS_R * (t_c + 273.15)))

        for step in range(2 * STEPS):
            before = BODY_C + theta.x.array.copy()
            M.mult(theta.vector, rhs)
            if step < STEPS:
                rhs.axpy(1.0, source)
            fem_petsc.set_bc(rhs, [bc])
            ksp.solve(rhs, theta.vector)
            theta.x.scatter_forward()
            after = BODY_C + theta.x.array
            omega += 0.5 * dt * (rate(before) + rate(after))
            np.maximum(peak_field, after, out=peak_field)
            if step == STEPS - 1:
                end_of_pulse = theta.copy()
        end_of_pulse.x.array[:] += BODY_C
        peak = fem.Function(V)
        peak.x.array[:] = peak_field
        damage = fem.Function(V)
        damage.x.array[:] = omega
        return end_of_pulse, peak, damage

    def coagulation_by_cells(self, damage, cell_um):
        """Top, depth and width (um) of Omega >= 1 by CITSim's rule
        (pulse.cpp) on its grid of `cell_um`: a tissue cell is coagulated
        when Omega at its centre is; the extents are its faces."""
        r = np.arange(0.5, DOMAIN_R / cell_um) * cell_um
        z = np.arange(0.5, DOMAIN_D / cell_um) * cell_um
        rr, zz = np.meshgrid(r, z, indexing="xy")
        keep = ~((rr < NEEDLE_R) & (zz < NEEDLE_L)) & (rr < 800) & (zz > 500) & (zz < 2200)
        values = self.evaluate(damage, list(zip(rr[keep], zz[keep])))
        hot = values >= 1.0
        r_hot, z_hot = rr[keep][hot], zz[keep][hot]
        return (z_hot.min() - 0.5 * cell_um, z_hot.max() + 0.5 * cell_um,
                2 * (r_hot.max() + 0.5 * cell_um))

    def coagulation(self, omega):
        """Top, depth and width (um) of Omega >= 1 in the tissue: the P2 dofs
        of the tensor mesh lie on the grid of its nodes and midpoints, where
        the edge of the region is found by linear interpolation."""
        rh = np.sort(np.concatenate([self.r_nodes, 0.5 * (self.r_nodes[1:] + self.r_nodes[:-1])]))
        zh = np.sort(np.concatenate([self.z_nodes, 0.5 * (self.z_nodes[1:] + self.z_nodes[:-1])]))
        grid = np.zeros((len(zh), len(rh)))
        tissue = np.zeros_like(grid, dtype=bool)
        i = np.searchsorted(rh, self.dofs_x[0] / UM - 1e-6)
        j = np.searchsorted(zh, self.dofs_x[1] / UM - 1e-6)
        grid[j, i], tissue[j, i] = omega, self.tissue
        hot = (grid >= 1.0) & tissue

        def crossing(x0, x1, w0, w1):  # where omega passes 1 between x0 and x1
            return x0 + (x1 - x0) * (w0 - 1.0) / (w0 - w1)

        depth, top, radius = 0.0, math.inf, 0.0
        for col in range(len(rh)):
            rows = np.flatnonzero(hot[:, col])
            if len(rows) == 0:
                continue
            lo, hi = rows[0], rows[-1]
            depth = max(depth, crossing(zh[hi], zh[hi + 1], grid[hi, col], grid[hi + 1, col]))
            top = min(top, zh[lo] if not tissue[lo - 1, col] else
                      crossing(zh[lo], zh[lo - 1], grid[lo, col], grid[lo - 1, col]))
        for row in range(len(zh)):
            cols = np.flatnonzero(hot[row])
            if len(cols):
                c = cols[-1]
                radius = max(radius, crossing(rh[c], rh[c + 1], grid[row, c], grid[row, c + 1]))
        return top, depth, 2 * radius


def line_points(data):
    return ([(r, data["line_depth_um"]) for r in data["line_radii_um"]],
            [(data["line_radius_um"], z) for z in data["line_depths_um"]])


def solve_fe(h_min, data):
    """All the compared quantities from DOLFINx on a mesh of finest size h_min (um)."""
    model = Model(h_min)
    by_depth, by_radius = line_points(data)
    sigma = fem.Function(model.D0)
    sigma.interpolate(lambda x: np.where(in_needle(x), 0.0, UNIFORM_SIGMA))
    phi, current, power = model.potential(sigma)
    q = model.joule_heat_function(sigma, phi)
    end, peak, damage = model.pulse()
    top, depth, width = model.coagulation(damage.x.array)
    citsim_10 = next(p for p in data["pulse"] if p["cell_um"] == 10.0)
    cell_top, cell_depth, cell_width = model.coagulation_by_cells(damage, 10.0)
    return {
        "dofs": model.V.dofmap.index_map.size_global,
        "current_a": current, "joule_power_w": power,
        "q_depth": model.evaluate(q, by_depth), "q_radius": model.evaluate(q, by_radius),
        "peak_temperature_c": peak.x.array[model.tissue].max(),
        "peak_at_citsim_peak_c": model.evaluate(peak, [citsim_10["peak_at_um"]])[0],
        "cells_top_um": cell_top, "cells_depth_um": cell_depth, "cells_width_um": cell_width,
        "coagulation_top_um": top,
        "coagulation_depth_um": depth, "coagulation_width_um": width,
        "t_depth": model.evaluate(end, by_depth), "t_radius": model.evaluate(end, by_radius),
    }


class Table:
    """The compared values: CITSim, DOLFINx on the finest mesh, their
    difference, the tolerance (None: shown, not checked), and the change of
    the DOLFINx value from the coarser mesh (its own discretisation error)."""

    def __init__(self):
        self.rows, self.failed = [], 0

    def add(self, name, citsim, fe, fe_coarse, tolerance, kind="rel"):
        if kind == "rel":  # relative to the DOLFINx value
            diff, fe_change = (citsim - fe) / fe, (fe_coarse - fe) / fe
            shown = [f"{diff:+.2%}", f"{fe_change:+.2%}",
                     "" if tolerance is None else f"{tolerance * 100:g}%"]
        elif kind == "rise":  # relative to the DOLFINx rise above body temperature
            diff, fe_change = (citsim - fe) / (fe - BODY_C), (fe_coarse - fe) / (fe - BODY_C)
            shown = [f"{diff:+.2%}", f"{fe_change:+.2%}",
                     "" if tolerance is None else f"{tolerance * 100:g}% of rise"]
        else:  # a difference in `kind`'s unit (um, K)
            diff, fe_change = citsim - fe, fe_coarse - fe
            shown = [f"{diff:+.2f} {kind}", f"{fe_change:+.2f} {kind}",
                     "" if tolerance is None else f"{tolerance:g} {kind}"]
        ok = tolerance is None or abs(diff) <= tolerance
        self.failed += not ok
        self.rows.append([name, f"{citsim:.5g}", f"{fe:.5g}", *shown,
                          "" if tolerance is None else ("ok" if ok else "FAIL")])

    def print(self):
        head = ["quantity", "CITSim", "DOLFINx", "difference", "DOLFINx mesh", "tolerance", ""]
        widths = [max(len(str(row[c])) for row in self.rows + [head]) for c in range(len(head))]
        for row in [head, ["-" * w for w in widths]] + self.rows:
            print("| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths)) + " |")


def main():
    started = time.time()
    data = json.loads(subprocess.run([sys.argv[1]], check=True, capture_output=True,
                                     text=True).stdout)
    cpp_s = time.time() - started
    fe_coarse, fe = solve_fe(5.0, data), solve_fe(2.5, data)
    fe_s = time.time() - started - cpp_s
    pot = {p["cell_um"]: p for p in data["potential"]}
    pulse = {p["cell_um"]: p for p in data["pulse"]}
    by_depth, by_radius = line_points(data)
    t = Table()

    def both(key):
        return fe[key], fe_coarse[key]

    # a. The potential at 1 V in one conductivity.
    for key, name, tol_10, tol_x in (("current_a", "current I at 1 V (A)", TOL_CURRENT_10,
                                      TOL_CURRENT_EXTRAPOLATED),
                                     ("joule_power_w", "Joule power at 1 V (W)", TOL_POWER_10,
                                      TOL_POWER_EXTRAPOLATED)):
        for cell in (20.0, 10.0, 5.0):
            t.add(f"a: {name}, {cell:g} um cells", pot[cell][key], *both(key),
                  tol_10 if cell == 10.0 else None)
        t.add(f"a: {name}, extrapolated 2 x 5 um - 10 um",
              2 * pot[5.0][key] - pot[10.0][key], *both(key), tol_x)
    lines = [("depth_1250_vs_r", "q_depth", by_depth), ("r_150_vs_depth", "q_radius", by_radius)]
    for citsim_key, fe_key, points in lines:
        for n, (r, z) in enumerate(points):
            if r < NEEDLE_R and z < NEEDLE_L:
                continue  # inside the needle: no heat in either
            # Per watt (each code's own power at 1 V, V I): the distribution
            # a power-controlled pulse heats with.
            heat = {cell: pot[cell]["joule_heat_w_m3"][citsim_key][n] for cell in (10.0, 5.0)}
            t.add(f"a: Joule heat per W (W/m^3/W) at r {r:g}, z {z:g} um, 10 um cells",
                  heat[10.0] / pot[10.0]["current_a"], fe[fe_key][n] / fe["current_a"],
                  fe_coarse[fe_key][n] / fe_coarse["current_a"], TOL_HEAT_LINE_10)
            t.add(f"a: Joule heat at 1 V (W/m^3) at r {r:g}, z {z:g} um, extrapolated",
                  2 * heat[5.0] - heat[10.0], fe[fe_key][n], fe_coarse[fe_key][n],
                  TOL_HEAT_LINE_EXTRAPOLATED)

    # b. The pulse in layered skin.
    for cell, p in pulse.items():
        t.add(f"b: peak temperature (C), {cell:g} um cells", p["peak_temperature_c"],
              *both("peak_temperature_c"), TOL_PEAK_10 if cell == 10.0 else None, "rise")
    r_peak, z_peak = pulse[10.0]["peak_at_um"]
    t.add(f"b: peak temperature at CITSim's hottest cell centre (r {r_peak:g}, z {z_peak:g} um)",
          pulse[10.0]["peak_temperature_c"], *both("peak_at_citsim_peak_c"), TOL_PEAK_AT_CELL,
          "rise")
    for citsim_key, fe_key, points in (("depth_1250_vs_r", "t_depth", by_depth),
                                       ("r_150_vs_depth", "t_radius", by_radius)):
        for n, (r, z) in enumerate(points):
            t.add(f"b: temperature at the end of the pulse at r {r:g}, z {z:g} um, 10 um cells",
                  pulse[10.0]["end_of_pulse_temperature_c"][citsim_key][n], fe[fe_key][n],
                  fe_coarse[fe_key][n], TOL_TEMPERATURE_LINE_10_K, "K")
    for what in ("top", "depth", "width"):
        tolerance = TOL_COAGULATION_UM[what]
        for cell, p in pulse.items():
            t.add(f"b: coagulation {what} (um), {cell:g} um cells", p[f"coagulation_{what}_um"],
                  *both(f"coagulation_{what}_um"), tolerance if cell == 10.0 else None, "um")
        t.add(f"b: coagulation {what} (um), DOLFINx's Omega by CITSim's cell rule, 10 um",
              pulse[10.0][f"coagulation_{what}_um"], *both(f"cells_{what}_um"),
              TOL_COAGULATION_BY_CELLS_UM[what], "um")
    t.print()
    print(f"C++ driver {cpp_s:.1f} s, DOLFINx {fe_s:.1f} s (P2, {fe_coarse['dofs']} and "
          f"{fe['dofs']} dofs, finest mesh 5 and 2.5 um; the finer is the reference)")
    if t.failed:
        print(f"crosscheck: {t.failed} value(s) beyond tolerance")
        return 1
    print("crosscheck: all values within tolerance")
    return 0


if __name__ == "__main__":
    sys.exit(main())

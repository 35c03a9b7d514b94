namespace Huayang.Gis.Siting.Tests;

/// <summary>
/// A seeded district for large instances: demand points (population cells, 0–400 residents) and candidates spread
/// uniformly over a square, some existing sites, and "covers" meaning within a straight-line radius. Also compiled
/// into the benchmarks (linked by tests/Huayang.Gis.Benchmarks).
/// </summary>
internal static class RandomDistrict
{
    public static CoverageProblem Create(
        int demands, int candidates, int existingSites, double sideMetres, double radiusMetres, int seed)
    {
        var random = new Random(seed);
        var demandAt = new (double X, double Y)[demands];
        var weights = new int[demands];
        for (var d = 0; d < demands; d++)
        {
            demandAt[d] = (random.NextDouble() * sideMetres, random.NextDouble() * sideMetres);
            weights[d] = random.Next(0, 401);
        }

        // A grid of cells one radius wide: a point's neighbours within the radius are in the 3 × 3 cells around it.
        var cells = Math.Max(1, (int)Math.Ceiling(sideMetres / radiusMetres));
        var grid = new List<int>[cells * cells];
        for (var d = 0; d < demands; d++)
        {
            var key = Cell(demandAt[d].X, cells, radiusMetres) + (Cell(demandAt[d].Y, cells, radiusMetres) * cells);
            (grid[key] ??= []).Add(d);
        }

        List<int> Within(double x, double y)
        {
            var found = new List<int>();
            var (cx, cy) = (Cell(x, cells, radiusMetres), Cell(y, cells, radiusMetres));
            for (var gy = Math.Max(0, cy - 1); gy <= Math.Min(cells - 1, cy + 1); gy++)
            {
                for (var gx = Math.Max(0, cx - 1); gx <= Math.Min(cells - 1, cx + 1); gx++)
                {
                    foreach (var d in grid[gx + (gy * cells)] ?? [])
                    {
                        var (dx, dy) = (demandAt[d].X - x, demandAt[d].Y - y);
                        if ((dx * dx) + (dy * dy) <= radiusMetres * radiusMetres)
                        {
                            found.Add(d);
                        }
                    }
                }
            }

            return found;
        }

        var covered = new bool[demands];
        for (var s = 0; s < existingSites; s++)
        {
            foreach (var d in Within(random.NextDouble() * sideMetres, random.NextDouble() * sideMetres))
            {
                covered[d] = true;
            }
        }

        var covers = new IReadOnlyList<int>[candidates];
        for (var c = 0; c < candidates; c++)
        {
            covers[c] = Within(random.NextDouble() * sideMetres, random.NextDouble() * sideMetres);
        }

        return new CoverageProblem(weights, covered, covers);
    }

    private static int Cell(double v, int cells, double size) => Math.Min(cells - 1, (int)(v / size));
}

namespace FaceActors.Pipeline.Tracking;

/// <summary>
/// Optimal one-to-one assignment (the Hungarian method, Kuhn-Munkres with potentials, O(n²m)): each row gets at
/// most one column and each column at most one row, with the least total cost. The tracker uses it so two
/// detections never claim one track, and two faces never claim one person.
/// </summary>
public static class HungarianAssignment
{
    /// <summary>
    /// The pairs of a least-cost one-to-one assignment in which no pair costs more than <paramref name="maxCost"/>.
    /// Pairs over the limit are treated as forbidden, so as many allowed pairs as possible are made first and
    /// their total cost is the least among such assignments.
    /// </summary>
    /// <param name="cost">rows x columns, non-negative; any shape, including empty.</param>
    public static IReadOnlyList<(int Row, int Column)> Solve(float[,] cost, float maxCost)
    {
        int rows = cost.GetLength(0), columns = cost.GetLength(1);
        if (rows == 0 || columns == 0) return [];
        // The method needs rows <= columns; a tall matrix is solved transposed.
        var transposed = rows > columns;
        int n = transposed ? columns : rows, m = transposed ? rows : columns;
        // A forbidden pair costs more than every allowed assignment together, so it is only chosen when nothing allowed is left.
        var forbidden = 1.0 + n * Math.Max(1.0, Math.Abs((double)maxCost)) * 2;
        double At(int i, int j)
        {
            var c = transposed ? cost[j, i] : cost[i, j];
            return c <= maxCost ? c : forbidden;
        }

        // 1-based arrays as in the classic formulation: column 0 is the virtual start of each augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var rowOfColumn = new int[m + 1];
        var previousColumn = new int[m + 1];
        var minSlack = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            rowOfColumn[0] = i;
            var column = 0;
            Array.Fill(minSlack, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[column] = true;
                int row = rowOfColumn[column], next = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    var slack = At(row - 1, j - 1) - u[row] - v[j];
                    if (slack < minSlack[j])
                    {
                        minSlack[j] = slack;
                        previousColumn[j] = column;
                    }
                    if (minSlack[j] < delta)
                    {
                        delta = minSlack[j];
                        next = j;
                    }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else minSlack[j] -= delta;
                }
                column = next;
            } while (rowOfColumn[column] != 0);
            // Flip the augmenting path.
            do
            {
                var previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }

        var pairs = new List<(int Row, int Column)>(n);
        for (var j = 1; j <= m; j++)
        {
            if (rowOfColumn[j] == 0) continue;
            var (row, col) = transposed ? (j - 1, rowOfColumn[j] - 1) : (rowOfColumn[j] - 1, j - 1);
            if (cost[row, col] <= maxCost) pairs.Add((row, col));
        }
        pairs.Sort();
        return pairs;
    }
}

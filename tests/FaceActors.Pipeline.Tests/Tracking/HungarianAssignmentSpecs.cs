using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Tests.Tracking;

public sealed class HungarianAssignmentSpecs
{
    [Fact]
    public void It_finds_the_least_total_cost_where_greedy_would_not()
    {
        // Greedy takes (0,0) at 1 and is left with (1,1) at 10; the optimum is (0,1)+(1,0) = 2 + 2.
        float[,] cost = { { 1, 2 }, { 2, 10 } };

        Assert.Equal([(0, 1), (1, 0)], HungarianAssignment.Solve(cost, 100));
    }

    [Fact]
    public void Pairs_over_the_limit_are_never_made()
    {
        float[,] cost = { { 0.2f, 0.9f }, { 0.95f, 0.99f } };

        Assert.Equal([(0, 0)], HungarianAssignment.Solve(cost, 0.7f));
    }

    [Fact]
    public void It_prefers_more_allowed_pairs_over_a_cheaper_single_pair()
    {
        // Row 0 alone would take column 0 (0.1), leaving row 1 nothing; taking (0,1) and (1,0) matches both.
        float[,] cost = { { 0.1f, 0.5f }, { 0.3f, 0.99f } };

        Assert.Equal([(0, 1), (1, 0)], HungarianAssignment.Solve(cost, 0.6f));
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 3)]
    [InlineData(6, 6)]
    public void It_is_one_to_one_and_optimal_on_random_matrices_of_any_shape(int rows, int columns)
    {
        var random = new Random(rows * 31 + columns);
        for (var trial = 0; trial < 50; trial++)
        {
            var cost = new float[rows, columns];
            for (var i = 0; i < rows; i++)
                for (var j = 0; j < columns; j++) cost[i, j] = (float)random.NextDouble();

            var pairs = HungarianAssignment.Solve(cost, 1);

            Assert.Equal(Math.Min(rows, columns), pairs.Count);
            Assert.Equal(pairs.Count, pairs.Select(p => p.Row).Distinct().Count());
            Assert.Equal(pairs.Count, pairs.Select(p => p.Column).Distinct().Count());
            Assert.Equal(BruteForceBest(cost), pairs.Sum(p => cost[p.Row, p.Column]), 4);
        }
    }

    [Fact]
    public void An_empty_matrix_has_no_pairs()
    {
        Assert.Empty(HungarianAssignment.Solve(new float[0, 4], 1));
        Assert.Empty(HungarianAssignment.Solve(new float[3, 0], 1));
    }

    private static float BruteForceBest(float[,] cost)
    {
        int rows = cost.GetLength(0), columns = cost.GetLength(1);
        var best = float.MaxValue;
        void Search(int row, bool[] taken, float sum, int left)
        {
            if (left == 0 || row == rows)
            {
                if (left == 0) best = Math.Min(best, sum);
                return;
            }
            // A row may stay unmatched only when there are more rows than columns.
            if (rows - row > left) Search(row + 1, taken, sum, left);
            for (var j = 0; j < columns; j++)
            {
                if (taken[j]) continue;
                taken[j] = true;
                Search(row + 1, taken, sum + cost[row, j], left - 1);
                taken[j] = false;
            }
        }
        Search(0, new bool[columns], 0, Math.Min(rows, columns));
        return best;
    }
}

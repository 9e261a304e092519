namespace FaceActors.Pipeline.Tracking;

/// <summary>
/// A track's name by weighted vote over its most recent faces, each weighing its quality: big, sharp, frontal,
/// confidently detected faces count more than small, blurred, turned or doubtful ones. "Unknown" is a candidate too, so a stranger who once looked a little like someone stays
/// unnamed; and a tie names nobody, because guessing between two people is worse than waiting for the next face.
/// </summary>
internal sealed class IdentityVote(int window)
{
    private readonly Queue<Ballot> _ballots = new();

    private readonly record struct Ballot(string? Identity, float Weight, float Score);

    private sealed record Tally(string? Identity)
    {
        public float Weight, WeightedScore;
        public int Count;
    }

    public void Add(string? identity, float weight, float score)
    {
        _ballots.Enqueue(new Ballot(identity, weight, score));
        if (_ballots.Count > window) _ballots.Dequeue();
    }

    /// <summary>
    /// The winning name and its weighted mean match score. No name on a tie or with no faces; when "unknown" wins
    /// outright, no name, <see cref="VoteResult.Unknown"/> set and the unknown faces' weighted mean score.
    /// </summary>
    public VoteResult Result()
    {
        var tallies = new List<Tally>();
        foreach (var ballot in _ballots)
        {
            var tally = tallies.Find(t => t.Identity == ballot.Identity);
            if (tally is null) tallies.Add(tally = new Tally(ballot.Identity));
            tally.Weight += ballot.Weight;
            tally.WeightedScore += ballot.Weight * ballot.Score;
            tally.Count++;
        }
        if (tallies.Count == 0) return VoteResult.Nobody;

        tallies.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        var winner = tallies[0];
        var tied = tallies.Count > 1 && tallies[1].Weight >= winner.Weight * (1 - 1e-5f);
        if (tied || winner.Weight <= 0) return VoteResult.Nobody;
        return new VoteResult(winner.Identity, winner.WeightedScore / winner.Weight, Unknown: winner.Identity is null) { Quality = winner.Weight / winner.Count };
    }
}

/// <summary>What a track's faces vote for: a name, a stranger (<see cref="Unknown"/>), or nobody yet (a tie, no faces).</summary>
internal readonly record struct VoteResult(string? Identity, float Score, bool Unknown)
{
    /// <summary>The mean quality of the faces that voted for the winner; 0 with no winner.</summary>
    public float Quality { get; init; }

    public static VoteResult Nobody => new(null, 0, false);
}

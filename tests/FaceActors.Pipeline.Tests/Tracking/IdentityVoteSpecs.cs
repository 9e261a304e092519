using FaceActors.Pipeline.Tracking;

namespace FaceActors.Pipeline.Tests.Tracking;

public sealed class IdentityVoteSpecs
{
    [Fact]
    public void A_big_sure_face_outweighs_two_small_doubtful_ones()
    {
        var vote = new IdentityVote(window: 10);
        vote.Add("alice", weight: 100, score: 0.8f);
        vote.Add("bob", weight: 30, score: 0.9f);
        vote.Add("bob", weight: 30, score: 0.9f);

        Assert.Equal(new VoteResult("alice", 0.8f, Unknown: false) { Quality = 100 }, vote.Result());
    }

    [Fact]
    public void A_tie_names_nobody()
    {
        var vote = new IdentityVote(window: 10);
        vote.Add("dave", 50, 0.8f);
        vote.Add("erin", 50, 0.9f);

        Assert.Equal(VoteResult.Nobody, vote.Result());
    }

    [Fact]
    public void Unknown_faces_can_outvote_a_name()
    {
        var vote = new IdentityVote(window: 10);
        vote.Add("alice", 40, 0.7f);
        vote.Add(null, 40, 0.3f);
        vote.Add(null, 40, 0.5f);

        Assert.Equal(new VoteResult(null, 0.4f, Unknown: true) { Quality = 40 }, vote.Result());
    }

    [Fact]
    public void Only_the_most_recent_faces_vote()
    {
        var vote = new IdentityVote(window: 2);
        vote.Add("alice", 100, 0.8f);
        vote.Add("bob", 50, 0.7f);
        vote.Add("bob", 50, 0.9f);

        Assert.Equal(new VoteResult("bob", 0.8f, Unknown: false) { Quality = 50 }, vote.Result());
    }

    [Fact]
    public void No_faces_no_name()
    {
        Assert.Equal(VoteResult.Nobody, new IdentityVote(window: 10).Result());
    }
}

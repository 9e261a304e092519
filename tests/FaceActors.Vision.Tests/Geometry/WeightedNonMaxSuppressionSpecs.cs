using FaceActors.Vision.Geometry;

namespace FaceActors.Vision.Tests.Geometry;

public sealed class WeightedNonMaxSuppressionSpecs
{
    [Fact]
    public void Overlapping_boxes_form_one_group_led_by_the_best_score_and_disjoint_boxes_their_own()
    {
        Box[] boxes = [new(0, 0, 10, 10), new(1, 1, 11, 11), new(50, 50, 60, 60), new(0.5f, 0, 10.5f, 10)];
        float[] scores = [0.8f, 0.9f, 0.7f, 0.85f];

        var groups = WeightedNonMaxSuppression.Group(boxes, scores, 0.3f);

        Assert.Equal(2, groups.Count);
        Assert.Equal([1, 3, 0], groups[0]);
        Assert.Equal([2], groups[1]);
    }

    [Fact]
    public void No_boxes_give_no_groups() => Assert.Empty(WeightedNonMaxSuppression.Group([], [], 0.3f));
}

using FaceActors.Pipeline.Tracking;
using FaceActors.Vision.Geometry;

namespace FaceActors.Pipeline.Tests.Tracking;

public sealed class FaceAttachmentSpecs
{
    private static readonly Box Person = new(100, 100, 200, 400);

    [Fact]
    public void Two_faces_in_one_person_box_attach_only_the_one_where_the_head_is()
    {
        var head = Box.FromCenter(150, 135, 30, 30);
        var lowerOffCentre = Box.FromCenter(185, 230, 30, 30);

        Assert.Equal([(1, 0)], FaceAttachment.Assign([lowerOffCentre, head], [Person], upperFraction: 0.5f));
    }

    [Fact]
    public void A_face_below_the_upper_part_or_outside_the_box_belongs_to_nobody()
    {
        var atTheHips = Box.FromCenter(150, 300, 30, 30);
        var beside = Box.FromCenter(260, 135, 30, 30);

        Assert.Empty(FaceAttachment.Assign([atTheHips, beside], [Person], upperFraction: 0.5f));
    }

    [Fact]
    public void Overlapping_people_each_get_their_own_face()
    {
        // The second person stands half behind the first; both faces lie inside both boxes.
        var front = new Box(100, 100, 200, 400);
        var behind = new Box(140, 90, 240, 390);
        var frontFace = Box.FromCenter(150, 135, 24, 24);
        var behindFace = Box.FromCenter(190, 125, 24, 24);

        Assert.Equal([(0, 1), (1, 0)], FaceAttachment.Assign([behindFace, frontFace], [front, behind], upperFraction: 0.5f));
    }

    [Fact]
    public void Faces_of_two_people_standing_on_top_of_each_other_name_nobody()
    {
        // Mid-crossing: the boxes nearly coincide, so each face fits either person about as well.
        var first = new Box(280, 100, 380, 400);
        var second = new Box(282, 110, 382, 410);
        var firstFace = Box.FromCenter(330, 136, 30, 30);
        var secondFace = Box.FromCenter(332, 146, 30, 30);

        Assert.Empty(FaceAttachment.Assign([firstFace, secondFace], [first, second], upperFraction: 0.5f));
    }
}

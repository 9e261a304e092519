using FaceActors.Cluster.Sharding;

namespace FaceActors.Cluster.Tests.Sharding;

public sealed class NodeCapacitySpecs
{
    [Fact]
    public void A_node_limit_survives_the_trip_through_its_roles()
    {
        Assert.Equal(8, NodeCapacity.Of(["dc-default", NodeCapacity.Role(8)]));
    }

    [Fact]
    public void A_node_without_the_role_has_no_limit()
    {
        Assert.Null(NodeCapacity.Of(["dc-default", "max-cameras-", "max-cameras-x"]));
    }
}

using System.Net;
using System.Net.Sockets;

namespace FaceActors.TestSupport;

public static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now (the OS picks it), for a server a test starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

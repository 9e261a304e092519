using System.Net;
using System.Net.Sockets;

namespace FaceActors.Testbed.Processes;

public static class LoopbackPort
{
    /// <summary>
    /// A TCP port on 127.0.0.1 that nothing listens on now (the OS picks it), for a server that must be told its port
    /// (PostgreSQL, Prometheus, rtsp-server-perl). Another process may take it before the server binds it, so such a
    /// server is started again on another port when its port turns out to be taken. FaceActors itself is started on port
    /// 0 and says which port it got.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

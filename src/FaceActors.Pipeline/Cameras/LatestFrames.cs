using Akka.Streams;
using Akka.Streams.Stage;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// Keeps the newest <see cref="Capacity"/> frames while downstream is busy: a frame arriving when that many wait
/// replaces the oldest, which is released and told to <see cref="OnDropped"/>. More than one frame may wait so that a
/// short burst (every camera's gate asking for face detection at once) delays frames instead of losing them; the bound
/// keeps a camera that is behind for good from growing a backlog. Unlike <c>Conflate</c>, frames still waiting when
/// the stream stops are released too, so a stopped camera leaves no frame behind.
/// </summary>
internal sealed class LatestFrames : GraphStage<FlowShape<CameraFrame, CameraFrame>>
{
    private readonly Inlet<CameraFrame> _in = new("LatestFrames.in");
    private readonly Outlet<CameraFrame> _out = new("LatestFrames.out");

    public LatestFrames(int capacity, Action onDropped)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        OnDropped = onDropped;
        Shape = new FlowShape<CameraFrame, CameraFrame>(_in, _out);
    }

    public int Capacity { get; }

    public Action OnDropped { get; }

    public override FlowShape<CameraFrame, CameraFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("latestFrames");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly LatestFrames _stage;
        private readonly Queue<CameraFrame> _waiting;

        public Logic(LatestFrames stage) : base(stage.Shape)
        {
            _stage = stage;
            _waiting = new Queue<CameraFrame>(stage.Capacity);
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void PreStart() => Pull(_stage._in);

        public override void OnPush()
        {
            var frame = Grab(_stage._in);
            if (IsAvailable(_stage._out)) Push(_stage._out, frame);
            else
            {
                if (_waiting.Count == _stage.Capacity)
                {
                    _waiting.Dequeue().Dispose();
                    _stage.OnDropped();
                }
                _waiting.Enqueue(frame);
            }
            Pull(_stage._in);
        }

        public override void OnPull()
        {
            if (_waiting.TryDequeue(out var frame)) Push(_stage._out, frame);
            if (_waiting.Count == 0 && IsClosed(_stage._in)) CompleteStage();
        }

        public override void OnUpstreamFinish()
        {
            if (_waiting.Count == 0) CompleteStage();
        }

        public override void PostStop()
        {
            while (_waiting.TryDequeue(out var frame)) frame.Dispose();
        }
    }
}

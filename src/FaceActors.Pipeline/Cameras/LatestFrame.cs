using Akka.Streams;
using Akka.Streams.Stage;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// Keeps only the newest frame while downstream is busy: a newer frame replaces the one waiting, which is released and
/// told to <see cref="OnDropped"/>. Unlike <c>Conflate</c>, a frame still waiting when the stream stops is released too,
/// so a stopped camera leaves no frame behind.
/// </summary>
internal sealed class LatestFrame : GraphStage<FlowShape<CameraFrame, CameraFrame>>
{
    private readonly Inlet<CameraFrame> _in = new("LatestFrame.in");
    private readonly Outlet<CameraFrame> _out = new("LatestFrame.out");

    public LatestFrame(Action onDropped)
    {
        OnDropped = onDropped;
        Shape = new FlowShape<CameraFrame, CameraFrame>(_in, _out);
    }

    public Action OnDropped { get; }

    public override FlowShape<CameraFrame, CameraFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("latestFrame");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly LatestFrame _stage;
        private CameraFrame? _waiting;

        public Logic(LatestFrame stage) : base(stage.Shape)
        {
            _stage = stage;
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
                if (_waiting is not null)
                {
                    _waiting.Dispose();
                    _stage.OnDropped();
                }
                _waiting = frame;
            }
            Pull(_stage._in);
        }

        public override void OnPull()
        {
            if (_waiting is null)
            {
                if (IsClosed(_stage._in)) CompleteStage();
                return;
            }
            Push(_stage._out, _waiting);
            _waiting = null;
            if (IsClosed(_stage._in)) CompleteStage();
        }

        public override void OnUpstreamFinish()
        {
            if (_waiting is null) CompleteStage();
        }

        public override void PostStop()
        {
            _waiting?.Dispose();
            _waiting = null;
        }
    }
}

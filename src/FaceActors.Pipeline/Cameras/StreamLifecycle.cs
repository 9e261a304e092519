using Akka.Streams;
using Akka.Streams.Stage;
using Reactive.Streams;

namespace FaceActors.Pipeline.Cameras;

/// <summary>
/// Passes elements through unchanged and tells how the stream went: its first element, and whether it
/// completed, failed or was cancelled. (WatchTermination cannot tell completion from cancellation, and a
/// camera's Offline reason needs to.)
/// </summary>
internal sealed class StreamLifecycle<T> : GraphStage<FlowShape<T, T>>
{
    public Action? OnFirstElement { get; init; }
    public Action? OnCompleted { get; init; }
    public Action<Exception>? OnFailed { get; init; }
    /// <summary>Downstream cancelled: with null when it simply stopped, with the failure when it failed.</summary>
    public Action<Exception?>? OnCancelled { get; init; }

    private readonly Inlet<T> _in = new("StreamLifecycle.in");
    private readonly Outlet<T> _out = new("StreamLifecycle.out");

    public StreamLifecycle() => Shape = new FlowShape<T, T>(_in, _out);

    public override FlowShape<T, T> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("streamLifecycle");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly StreamLifecycle<T> _stage;
        private bool _seenFirst;

        public Logic(StreamLifecycle<T> stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush()
        {
            if (!_seenFirst)
            {
                _seenFirst = true;
                _stage.OnFirstElement?.Invoke();
            }
            Push(_stage._out, Grab(_stage._in));
        }

        public override void OnPull() => Pull(_stage._in);

        public override void OnUpstreamFinish()
        {
            _stage.OnCompleted?.Invoke();
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception e)
        {
            _stage.OnFailed?.Invoke(e);
            FailStage(e);
        }

        public override void OnDownstreamFinish(Exception cause)
        {
            _stage.OnCancelled?.Invoke(cause is SubscriptionWithCancelException.NonFailureCancellation ? null : cause);
            base.OnDownstreamFinish(cause);
        }
    }
}

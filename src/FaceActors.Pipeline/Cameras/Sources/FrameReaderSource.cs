using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Akka.Event;
using Akka.Util;

namespace FaceActors.Pipeline.Cameras.Sources;

/// <summary>
/// A raw camera source over a reader it opens, reads frame by frame and closes: what <c>UnfoldResourceAsync</c> does,
/// except that a frame is never lost. A read ends on another thread and reaches the stage through its mailbox; when the
/// stream stops between the two, <c>UnfoldResourceAsync</c> drops the frame unseen, and its pooled buffer never comes back.
/// Here the stage knows exactly which read it has not taken, and releases that read's frame when the read ends.
/// </summary>
internal static class FrameReaderSource
{
    /// <param name="open">Opens the reader (a capture, a child process, an HTTP response).</param>
    /// <param name="read">The next frame, or none at the end of the stream.</param>
    /// <param name="close">Frees the reader; it may be called while a read runs, and must end that read before it frees what the read uses.</param>
    public static Source<CameraFrame, NotUsed> Create<TReader>(Func<Task<TReader>> open, Func<TReader, Task<Option<CameraFrame>>> read, Func<TReader, Task> close) =>
        Source.FromGraph(new Stage<TReader>(open, read, close));

    private sealed class Stage<TReader> : GraphStage<SourceShape<CameraFrame>>
    {
        private readonly Func<Task<TReader>> _open;
        private readonly Func<TReader, Task<Option<CameraFrame>>> _read;
        private readonly Func<TReader, Task> _close;
        private readonly Outlet<CameraFrame> _out = new("FrameReaderSource.out");

        public Stage(Func<Task<TReader>> open, Func<TReader, Task<Option<CameraFrame>>> read, Func<TReader, Task> close)
        {
            (_open, _read, _close) = (open, read, close);
            Shape = new SourceShape<CameraFrame>(_out);
        }

        public override SourceShape<CameraFrame> Shape { get; }

        protected override Attributes InitialAttributes { get; } = Attributes.CreateName("frameReader");

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

        private sealed class Logic : OutGraphStageLogic
        {
            private readonly Stage<TReader> _stage;
            private readonly Action<Task<TReader>> _opened;
            private readonly Action<Task<Option<CameraFrame>>> _readEnded;
            private readonly Action<Task> _closedAtEnd;
            // Each is set while its task runs and cleared when the stage takes its result, so PostStop knows what it never took.
            private Task<TReader>? _opening;
            private Task<Option<CameraFrame>>? _reading;
            private Option<TReader> _reader = Option<TReader>.None;

            public Logic(Stage<TReader> stage) : base(stage.Shape)
            {
                _stage = stage;
                _opened = GetAsyncCallback<Task<TReader>>(Opened);
                _readEnded = GetAsyncCallback<Task<Option<CameraFrame>>>(ReadEnded);
                _closedAtEnd = GetAsyncCallback<Task>(closing =>
                {
                    if (closing.IsCompletedSuccessfully) CompleteStage();
                    else FailStage(Unwrapped(closing));
                });
                SetHandler(stage._out, this);
            }

            public override void PreStart()
            {
                _opening = _stage._open();
                _opening.ContinueWith(_opened, TaskContinuationOptions.ExecuteSynchronously);
            }

            public override void OnPull()
            {
                if (_reader.HasValue && _reading is null) ReadNext(_reader.Value);
            }

            public override void PostStop()
            {
                var log = Log;
                // An open that ends after the stop gives a reader nobody will read: it is closed as soon as it exists.
                _opening?.ContinueWith(opening =>
                {
                    if (opening.IsCompletedSuccessfully) Closing(opening.Result, log);
                }, TaskContinuationOptions.ExecuteSynchronously);
                if (!_reader.HasValue) return;
                var unread = _reading;
                Closing(_reader.Value, log);
                // A read still running (or ended, its callback not yet run) made a frame this stopped stage never pushed.
                unread?.ContinueWith(reading =>
                {
                    if (reading.IsCompletedSuccessfully && reading.Result.HasValue) reading.Result.Value.Dispose();
                }, TaskContinuationOptions.ExecuteSynchronously);
            }

            private void Opened(Task<TReader> opening)
            {
                _opening = null;
                if (!opening.IsCompletedSuccessfully)
                {
                    FailStage(Unwrapped(opening));
                    return;
                }
                _reader = opening.Result;
                if (IsAvailable(_stage._out)) ReadNext(opening.Result);
            }

            private void ReadNext(TReader reader)
            {
                _reading = _stage._read(reader);
                _reading.ContinueWith(_readEnded, TaskContinuationOptions.ExecuteSynchronously);
            }

            private void ReadEnded(Task<Option<CameraFrame>> reading)
            {
                _reading = null;
                if (!reading.IsCompletedSuccessfully)
                {
                    FailStage(Unwrapped(reading));
                    return;
                }
                if (reading.Result.HasValue)
                {
                    Push(_stage._out, reading.Result.Value);
                    return;
                }
                // The end of the stream: the stream completes once the reader is closed, so a restart never overlaps it.
                var reader = _reader.Value;
                _reader = Option<TReader>.None;
                _stage._close(reader).ContinueWith(_closedAtEnd, TaskContinuationOptions.ExecuteSynchronously);
            }

            /// <summary>Closes a reader after the stop, where nobody is left to fail; a failed close goes to the log.</summary>
            private void Closing(TReader reader, ILoggingAdapter log) =>
                _stage._close(reader).ContinueWith(closing => log.Warning("{0} did not close cleanly: {1}", typeof(TReader).Name, Unwrapped(closing).Message),
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

            private static Exception Unwrapped(Task task) =>
                task.Exception is { } failure ? failure.InnerExceptions.Count == 1 ? failure.InnerExceptions[0] : failure : new TaskCanceledException(task);
        }
    }
}

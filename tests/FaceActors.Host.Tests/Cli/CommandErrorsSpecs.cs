using FaceActors.Host.Cli;
using FaceActors.Vision;

namespace FaceActors.Host.Tests.Cli;

public sealed class CommandErrorsSpecs
{
    [Fact]
    public async Task Input_the_user_can_fix_is_one_line_and_exit_code_2()
    {
        var exit = await CommandErrors.RunAsync(() => throw new InvalidInputException("--seconds must be in 5..3600, not 2."));

        Assert.Equal(CommandErrors.UserError, exit);
    }

    [Fact]
    public async Task A_programming_error_is_not_taken_for_bad_input_and_keeps_its_stack_trace()
    {
        // An ArgumentException a bug throws (a null, an unknown case) must reach the runtime's handler with its stack.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CommandErrors.RunAsync(() => throw new ArgumentException("unknown gallery manifest 'x'")));

        Assert.NotNull(error.StackTrace);
        await Assert.ThrowsAsync<ArgumentNullException>(() => CommandErrors.RunAsync(() => throw new ArgumentNullException("frame")));
    }
}

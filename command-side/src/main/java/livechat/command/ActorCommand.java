package livechat.command;

import livechat.events.Actor;

/** A command that says who asks for it; every command does. */
public interface ActorCommand {

    Actor actor();
}

package se.vaxel.pbxsim.core;

/** What an application tells the dialplan loop. */
enum Result {
    /** go on with the next priority */
    NEXT,
    /** the app moved the channel (Goto): run from where it points */
    JUMPED,
    /** the app holds the channel; it resumes the loop itself later */
    BLOCKED,
    /** end the channel */
    HANGUP
}

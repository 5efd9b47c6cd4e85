// A team database for this desk (issue 17): the choice saved in the desk's own file with its
// password sealed, the connection check, and the `team:*` channels of the Settings card.
export { checkTeamDatabase } from './check-team-database'
export { clearTeamChoice, readTeamChoice, saveTeamChoice, shownAddress, unsealTeamPassword, TEAM_DATABASE_SETTING, type TeamChoice } from './team-choice'
export { teamHandlers, teamDatabaseView, type TeamChannels, type TeamHandlerDeps } from './handlers'

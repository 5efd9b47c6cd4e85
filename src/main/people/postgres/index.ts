// People's own logins on a team's PostgreSQL ledger: what each role's login may write there.
export { grantPersonLogin, revokePersonLogin, type GrantedLogin, type PersonLogin } from './grant-login'
export { LOGIN_GRANTS, grantsFor, type LoginGrant, type TableWrite } from './login-grants'

const session = { user: 'svc', jwt: '%%GEN:JWT%%' }; ⟦TP hardcoded-secret fmt⟧
export const headers = { Authorization: `Bearer ${process.env.NOTIFY_TOKEN}` }; ⟦FP hardcoded-secret⟧
export const passwordMinLength = 12;
export default session;

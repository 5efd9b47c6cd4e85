// The pure parts of issue 18's screens, without a browser: who may decide an approval request
// (never its requester, only an owner or a manager; a desk without people is its owner's), and the
// signal by which any page's `desk_locked` answer brings the "who is working" screen back.
import { describe, expect, it } from 'vitest'
import { announceDeskLocked, onDeskLocked } from '../../src/renderer/src/api/desk-locked'
import { cannotDecide } from '../../src/renderer/src/approvals/request-words'

describe('who may decide a request', () => {
  const request = { requestedBy: 'Sam' }

  it('never the person who asked, whatever the case of the name', () => {
    expect(cannotDecide(request, { name: 'sam', role: 'manager' })).toContain('another person with the right')
  })

  it('only an owner or a manager', () => {
    expect(cannotDecide(request, { name: 'Maya', role: 'manager' })).toBeNull()
    expect(cannotDecide(request, { name: 'Olivia', role: 'owner' })).toBeNull()
    expect(cannotDecide(request, { name: 'Tom', role: 'staff' })).toBe('Only an owner or a manager can approve or deny a request.')
    expect(cannotDecide(request, { name: 'Ada', role: 'accountant' })).toBe('Only an owner or a manager can approve or deny a request.')
  })

  it('the owner of a desk without people (nobody named is working) decides', () => {
    expect(cannotDecide(request, null)).toBeNull()
  })
})

describe('the desk_locked signal', () => {
  it('tells every listener until it unsubscribes', () => {
    const heard: string[] = []
    const stopA = onDeskLocked(() => heard.push('a'))
    const stopB = onDeskLocked(() => heard.push('b'))
    announceDeskLocked()
    stopA()
    announceDeskLocked()
    stopB()
    announceDeskLocked()
    expect(heard).toEqual(['a', 'b', 'b'])
  })
})
